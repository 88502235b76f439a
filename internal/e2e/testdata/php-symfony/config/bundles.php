<?php

return [
    App\AppBundle::class => ['all' => true],
    Example\Profiler\ProfilerBundle::class => ['dev' => true, 'test' => true],
];
