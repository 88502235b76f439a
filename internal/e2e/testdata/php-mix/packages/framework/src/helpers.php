<?php

declare(strict_types=1);

// mix() as Laravel's helper has it: the versioned URL of a file of Laravel Mix's build, read
// from public/mix-manifest.json; a page fails without the manifest or the file in it.
function mix(string $path): string
{
    static $manifest = null;
    $file = dirname(__DIR__, 4) . '/public/mix-manifest.json';
    if ($manifest === null) {
        if (!is_file($file)) {
            throw new RuntimeException('The Mix manifest does not exist.');
        }
        $manifest = json_decode((string) file_get_contents($file), true, 512, JSON_THROW_ON_ERROR);
    }
    $path = '/' . ltrim($path, '/');
    if (!isset($manifest[$path])) {
        throw new RuntimeException("Unable to locate Mix file: {$path}.");
    }
    return $manifest[$path];
}
