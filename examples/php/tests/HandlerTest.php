<?php

declare(strict_types=1);

namespace App\Tests;

use App\Handler;

final class HandlerTest
{
    /** @return iterable<string, callable(): void> */
    public static function cases(): iterable
    {
        $handler = new Handler();

        yield 'greets by name' => static function () use ($handler): void {
            [$status, $body] = $handler->handle('GET', '/', ['name' => 'Ada']);
            Assert::same(200, $status);
            Assert::same('hello, Ada', $body['message']);
        };
        yield 'greets the world without a name' => static function () use ($handler): void {
            Assert::same('hello, world', $handler->handle('GET', '/', [])[1]['message']);
        };
        yield 'answers health checks' => static function () use ($handler): void {
            Assert::same([200, ['status' => 'ok']], $handler->handle('GET', '/healthz', []));
        };
        yield 'refuses other paths and methods' => static function () use ($handler): void {
            Assert::same(404, $handler->handle('GET', '/nope', [])[0]);
            Assert::same(405, $handler->handle('POST', '/', [])[0]);
        };
    }
}
