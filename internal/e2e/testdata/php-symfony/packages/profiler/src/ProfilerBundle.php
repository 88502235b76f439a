<?php

namespace Example\Profiler;

final class ProfilerBundle
{
}
