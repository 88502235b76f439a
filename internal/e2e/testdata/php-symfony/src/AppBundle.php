<?php

namespace App;

final class AppBundle
{
}
