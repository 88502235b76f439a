package com.example.shop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/**
 * Main serves the UI packaged in its jar (/static/index.html, which ui/'s build writes) at / on
 * -addr host:port (default :8080), and stops at start when the jar holds none.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws IOException {
        byte[] page;
        try (InputStream in = Main.class.getResourceAsStream("/static/index.html")) {
            if (in == null) {
                System.err.println("the jar holds no static/index.html: the UI was not built");
                System.exit(1);
                return;
            }
            page = in.readAllBytes();
        }
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
        server.createContext("/", ex -> send(ex, page));
        server.start();
        System.out.println("listening on " + host + ":" + port);
    }

    static void send(HttpExchange ex, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/html");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
