<?php
declare(strict_types=1);

// A front controller of another name (Dockerfile.route names it): every request for a path
// that is no file comes here, with its own URI.
header('Content-Type: text/plain');
echo basename(__FILE__), ' ', $_SERVER['REQUEST_URI'], "\n";
