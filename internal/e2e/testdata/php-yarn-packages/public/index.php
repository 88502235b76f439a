<?php
declare(strict_types=1);

// Today's tides, on a page whose stylesheet comes from npm as it is (public/libs, where
// .yarnrc has yarn install it).
$tides = ['high' => '06:12', 'low' => '12:31'];
?>
<!doctype html>
<html lang="en">
<head>
	<meta charset="utf-8">
	<title>Tide tables</title>
	<link rel="stylesheet" href="/libs/normalize.css/normalize.css">
</head>
<body>
	<h1>Tides today</h1>
	<ul>
<?php foreach ($tides as $what => $when): ?>
		<li><?= htmlspecialchars($what) ?> water at <?= htmlspecialchars($when) ?></li>
<?php endforeach ?>
	</ul>
</body>
</html>
