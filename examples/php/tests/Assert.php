<?php

declare(strict_types=1);

namespace App\Tests;

final class Assert
{
    public static function same(mixed $expected, mixed $actual): void
    {
        if ($expected !== $actual) {
            throw new \AssertionError(sprintf('expected %s, got %s', var_export($expected, true), var_export($actual, true)));
        }
    }
}
