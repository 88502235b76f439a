<?php

namespace Stub\Dotenv;

final class Dotenv
{
    /** The values of .env, then .env.ENV over them, with APP_ENV set to ENV. */
    public static function load(string $dir, string $env): array
    {
        $vars = @parse_ini_file($dir . '/.env') ?: [];
        if (is_file($dir . '/.env.' . $env)) {
            $vars = array_merge($vars, parse_ini_file($dir . '/.env.' . $env) ?: []);
        }
        $vars['APP_ENV'] = $env;
        return $vars;
    }
}
