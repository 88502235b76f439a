<?php
declare(strict_types=1);

// Where the notice board keeps what it writes: data/ holds the notes (made at run time, as
// .dockerignore leaves it out), cache/ the visit counter.
const NOTICEBOARD_ROOT = __DIR__;
defined('NOTICEBOARD_DATA_PATH') or define('NOTICEBOARD_DATA_PATH', NOTICEBOARD_ROOT . '/data');
const NOTICEBOARD_CACHE = NOTICEBOARD_ROOT . '/cache';

// The board's settings: data/settings.php, which the board ships only as settings-dist.php
// (the application refuses to start without it, as grocy does without data/config.php).
if (!is_file(NOTICEBOARD_DATA_PATH . '/settings.php')) {
    http_response_code(500);
    exit("copy settings-dist.php to data/settings.php\n");
}
require_once NOTICEBOARD_DATA_PATH . '/settings.php';
