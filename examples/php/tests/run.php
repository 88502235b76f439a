<?php

declare(strict_types=1);

// A small test runner (PHPUnit comes from Packagist, which these tests do without): runs every
// case of tests/*Test.php, prints one line each, and exits 1 when one fails.
require __DIR__ . '/../vendor/autoload.php';

$failed = 0;
$passed = 0;
foreach (glob(__DIR__ . '/*Test.php') as $file) {
    $class = 'App\\Tests\\' . basename($file, '.php');
    foreach ($class::cases() as $name => $case) {
        try {
            $case();
            $passed++;
            echo "ok   $class: $name\n";
        } catch (Throwable $e) {
            $failed++;
            echo "FAIL $class: $name: {$e->getMessage()}\n";
        }
    }
}
echo "$passed passed, $failed failed\n";
exit($failed > 0 ? 1 : 0);
