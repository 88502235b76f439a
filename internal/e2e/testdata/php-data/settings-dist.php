<?php
declare(strict_types=1);

// The board's settings, copied to data/settings.php and changed there.
const NOTICEBOARD_TITLE = 'Notice board';
