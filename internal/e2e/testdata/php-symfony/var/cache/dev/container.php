<?php return ["env" => "dev", "stale" => true];
