<?php
// The board is served from board/; a server pointed at the project's root is sent there.
header('Location: board/', true, 301);
