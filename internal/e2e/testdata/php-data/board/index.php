<?php
declare(strict_types=1);

require __DIR__ . '/../paths.php';

// A notice board: each ?note= is appended to the notes in the data directory, and the cache
// counts the visits. Both are written at run time, by the server's user.
function fail(string $what): never
{
    http_response_code(500);
    header('Content-Type: text/plain');
    exit("cannot write $what\n");
}

if (!is_dir(NOTICEBOARD_DATA_PATH) && !@mkdir(NOTICEBOARD_DATA_PATH, 0770, true)) {
    fail(NOTICEBOARD_DATA_PATH);
}
$notes = NOTICEBOARD_DATA_PATH . '/notes.txt';
$note = trim(str_replace("\n", ' ', (string) ($_GET['note'] ?? '')));
if ($note !== '' && @file_put_contents($notes, $note . "\n", FILE_APPEND | LOCK_EX) === false) {
    fail($notes);
}
// thumbs/ is kept empty in the repository (a .gitkeep, its contents ignored) for what the board
// writes there and serves: the last note, as a text file.
if ($note !== '' && @file_put_contents(__DIR__ . '/thumbs/last.txt', $note . "\n") === false) {
    fail('thumbs/last.txt');
}
$visits = NOTICEBOARD_CACHE . '/visits.txt';
$count = (int) @file_get_contents($visits) + 1;
if (@file_put_contents($visits, (string) $count, LOCK_EX) === false) {
    fail($visits);
}

header('Content-Type: application/json');
echo json_encode([
    'title' => NOTICEBOARD_TITLE,
    'notes' => is_file($notes) ? file($notes, FILE_IGNORE_NEW_LINES) : [],
    'visits' => $count,
    'uid' => posix_getuid(),
]);
