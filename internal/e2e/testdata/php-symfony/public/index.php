<?php

// The front controller: the kernel of the environment, its cache as the build warmed it.
require dirname(__DIR__) . '/vendor/autoload.php';

$dir = dirname(__DIR__);
$kernel = new Stub\Framework\Kernel(Stub\Framework\Kernel::env($dir), $dir);
$kernel->boot();
$cache = $kernel->cacheDir() . '/container.php';

header('Content-Type: application/json');
echo json_encode([
    'env' => $kernel->env,
    'cache' => is_file($cache) ? require $cache : null,
    'dumped' => is_array($dumped = @include $dir . '/.env.local.php') ? $dumped : null,
    'uid' => function_exists('posix_getuid') ? posix_getuid() : null,
]), "\n";
