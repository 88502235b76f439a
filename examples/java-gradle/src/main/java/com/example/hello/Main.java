package com.example.hello;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Main serves GET /?name=x with {"message":"hello, x"} on -addr host:port (default :8080). */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws IOException {
        String addr = ":8080";
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("-addr")) {
                addr = args[i + 1];
            }
        }
        int colon = addr.lastIndexOf(':');
        String host = colon > 0 ? addr.substring(0, colon) : "0.0.0.0";
        int port = Integer.parseInt(addr.substring(colon + 1));

        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/", Main::handle);
        server.start();
        System.out.printf("listening on %s:%d as uid %d (user %s), java %s%n", host, port,
                new com.sun.security.auth.module.UnixSystem().getUid(),
                System.getProperty("user.name"), System.getProperty("java.version"));
    }

    static void handle(HttpExchange ex) throws IOException {
        String name = null;
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("name=")) {
                    name = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                }
            }
        }
        byte[] body = (Greeter.json(name) + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
