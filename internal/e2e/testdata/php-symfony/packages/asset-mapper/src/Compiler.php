<?php

namespace Stub\AssetMapper;

final class Compiler
{
    public static function compile(string $dir): void
    {
        @mkdir($dir . '/public/assets', 0755, true);
        foreach (glob($dir . '/assets/*') as $file) {
            copy($file, $dir . '/public/assets/' . basename($file));
        }
    }
}
