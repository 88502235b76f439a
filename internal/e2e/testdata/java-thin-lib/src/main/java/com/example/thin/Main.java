package com.example.thin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.apache.commons.lang3.ArrayUtils;
import org.apache.commons.lang3.StringUtils;
import org.apache.commons.lang3.math.NumberUtils;

/**
 * Main serves GET /?name=x with {"message":"hello, x"} on -addr host:port (default :8080). It
 * needs commons-lang3 from lib/ at once: its arguments are read with it.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws IOException {
        // -addr host:port, as the other examples take it; every interface on 8080 without it
        int flag = ArrayUtils.indexOf(args, "-addr");
        String addr = flag >= 0 && flag + 1 < args.length ? args[flag + 1] : ":8080";
        String host = StringUtils.defaultIfEmpty(StringUtils.substringBeforeLast(addr, ":"), "0.0.0.0");
        int port = NumberUtils.toInt(StringUtils.substringAfterLast(addr, ":"), 8080);

        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/", Main::handle);
        server.start();
        System.out.println(StringUtils.join(new Object[] {"listening on", host + ":" + port, "as uid",
                new com.sun.security.auth.module.UnixSystem().getUid(),
                "(user " + System.getProperty("user.name") + ")"}, ' '));
    }

    static void handle(HttpExchange ex) throws IOException {
        String query = StringUtils.defaultString(ex.getRequestURI().getQuery());
        String name = StringUtils.defaultIfBlank(StringUtils.substringAfter(query, "name="), "world");
        byte[] body = ("{\"message\":\"hello, " + name + "\"}\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
