package com.example.hello;

/** Greeter builds the greeting the server answers with. */
public final class Greeter {
    private Greeter() {}

    /** Returns the greeting for name; a blank name greets the world. */
    public static String greet(String name) {
        if (name == null || name.isBlank()) {
            name = "world";
        }
        return "hello, " + name.strip();
    }

    /** Returns the greeting as a JSON object: {"message":"hello, name"}. */
    public static String json(String name) {
        return "{\"message\":\"" + escape(greet(name)) + "\"}";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.toString();
    }
}
