<?php

declare(strict_types=1);

namespace Example\Greeting;

final class Greeter
{
    public function __construct(private readonly string $salutation = 'hello')
    {
    }

    public function greet(?string $name): string
    {
        $name = trim((string) $name);

        return sprintf('%s, %s', $this->salutation, $name === '' ? 'world' : $name);
    }
}
