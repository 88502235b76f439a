<?php

declare(strict_types=1);

namespace App;

use Example\Greeting\Greeter;

/**
 * Answers a request: GET / greets ?name=..., GET /healthz says ok, anything else is a 404.
 */
final class Handler
{
    public function __construct(private readonly Greeter $greeter = new Greeter())
    {
    }

    /**
     * @param array<string, string> $query
     * @return array{int, array<string, mixed>}
     */
    public function handle(string $method, string $path, array $query): array
    {
        if ($method !== 'GET') {
            return [405, ['error' => 'method not allowed']];
        }

        return match ($path) {
            '/' => [200, [
                'message' => $this->greeter->greet($query['name'] ?? null),
                'php' => PHP_VERSION,
                'sapi' => PHP_SAPI,
                'uid' => function_exists('posix_getuid') ? posix_getuid() : null,
            ]],
            '/healthz' => [200, ['status' => 'ok']],
            default => [404, ['error' => 'not found']],
        };
    }
}
