<?php

namespace Tests\Feature;

use Illuminate\Foundation\Testing\TestCase;

class ProductTest extends TestCase
{
    public function test_the_catalogue_answers(): void
    {
        $this->get('/')->assertOk()->assertJson(['products' => []]);
    }
}
