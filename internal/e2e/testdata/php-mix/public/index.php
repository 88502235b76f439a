<?php

declare(strict_types=1);

require dirname(__DIR__) . '/vendor/autoload.php';

// Tonight's sky, on a page whose stylesheet and script Laravel Mix builds (public/assets/dist),
// linked through its manifest as a Laravel view links them.
$planets = ['Venus' => 'west after sunset', 'Jupiter' => 'south at midnight'];
?>
<!doctype html>
<html lang="en">
<head>
	<meta charset="utf-8">
	<title>Night sky</title>
	<link rel="stylesheet" href="<?= htmlspecialchars(mix('assets/dist/css/app.css')) ?>">
	<script defer src="<?= htmlspecialchars(mix('assets/dist/js/app.js')) ?>"></script>
</head>
<body>
	<h1>Tonight</h1>
	<ul>
<?php foreach ($planets as $name => $where): ?>
		<li><?= htmlspecialchars($name) ?>: <?= htmlspecialchars($where) ?></li>
<?php endforeach ?>
	</ul>
</body>
</html>
