<?php

namespace App\Http\Controllers;

use Illuminate\Http\JsonResponse;

class ProductController
{
    public function index(): JsonResponse
    {
        return response()->json(['products' => []]);
    }
}
