<?php

declare(strict_types=1);

// The front controller: the web server sends every request that is not a file here.
require __DIR__ . '/../vendor/autoload.php';

$path = parse_url($_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH) ?: '/';
[$status, $body] = (new App\Handler())->handle($_SERVER['REQUEST_METHOD'] ?? 'GET', $path, $_GET);

http_response_code($status);
header('Content-Type: application/json');
echo json_encode($body, JSON_THROW_ON_ERROR | JSON_UNESCAPED_SLASHES), "\n";
