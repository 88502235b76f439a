<?php

namespace Stub\Flex;

use Composer\Plugin\Capability\CommandProvider;

final class Commands implements CommandProvider
{
    public function __construct(array $args = [])
    {
    }

    public function getCommands(): array
    {
        return [new DumpEnvCommand()];
    }
}
