<?php

namespace Stub\Framework;

/**
 * Boots the bundles config/bundles.php enables for the environment, as a Symfony kernel does:
 * a bundle of the dev environment whose package is not installed is a fatal error.
 */
final class Kernel
{
    public function __construct(public readonly string $env, private readonly string $dir)
    {
    }

    public function boot(): void
    {
        foreach (require $this->dir . '/config/bundles.php' as $class => $envs) {
            if (($envs[$this->env] ?? $envs['all'] ?? false) && !class_exists($class)) {
                throw new \RuntimeException(sprintf('Attempted to load class "%s" in the %s environment', $class, $this->env));
            }
        }
    }

    public function cacheDir(): string
    {
        return $this->dir . '/var/cache/' . $this->env;
    }

    public static function env(string $dir): string
    {
        $env = getenv('APP_ENV');
        if ($env !== false && $env !== '') {
            return $env;
        }
        // the .env files compiled by composer dump-env, read instead of them when present
        if (is_array($dumped = @include $dir . '/.env.local.php')) {
            return $dumped['APP_ENV'] ?? 'dev';
        }
        $dotenv = @parse_ini_file($dir . '/.env') ?: [];
        return $dotenv['APP_ENV'] ?? 'dev';
    }
}
