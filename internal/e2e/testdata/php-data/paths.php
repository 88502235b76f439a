<?php
declare(strict_types=1);

// Where the notice board keeps what it writes: data/ holds the notes (made at run time, as
// .dockerignore leaves it out), cache/ the visit counter.
const NOTICEBOARD_ROOT = __DIR__;
defined('NOTICEBOARD_DATA_PATH') or define('NOTICEBOARD_DATA_PATH', NOTICEBOARD_ROOT . '/data');
const NOTICEBOARD_CACHE = NOTICEBOARD_ROOT . '/cache';
