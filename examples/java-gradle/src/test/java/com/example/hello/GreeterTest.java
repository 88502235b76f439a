package com.example.hello;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class GreeterTest {
    @Test
    public void greetsByName() {
        assertEquals("hello, e2e", Greeter.greet("e2e"));
        assertEquals("hello, ada", Greeter.greet("  ada "));
    }

    @Test
    public void blankNameGreetsTheWorld() {
        assertEquals("hello, world", Greeter.greet(null));
        assertEquals("hello, world", Greeter.greet(" "));
    }

    @Test
    public void jsonIsEscaped() {
        assertEquals("{\"message\":\"hello, a\\\"b\"}", Greeter.json("a\"b"));
        assertEquals("{\"message\":\"hello, x\\u000ay\"}", Greeter.json("x\ny"));
    }
}
