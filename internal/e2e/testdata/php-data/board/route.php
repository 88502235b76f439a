<?php
declare(strict_types=1);

// A front controller of another name (Dockerfile.route names it): every request for a path
// that is no file comes here, with its own URI. ?upload=NAME writes a PHP line into uploads/NAME,
// the directory the server's user writes, as an upload would.
header('Content-Type: text/plain');
$name = basename((string) ($_GET['upload'] ?? ''));
if ($name !== '' && @file_put_contents(__DIR__ . '/uploads/' . $name, "<?php echo 'ran';\n") === false) {
    http_response_code(500);
    exit("cannot write uploads/$name\n");
}
echo basename(__FILE__), ' ', $_SERVER['REQUEST_URI'], "\n";
