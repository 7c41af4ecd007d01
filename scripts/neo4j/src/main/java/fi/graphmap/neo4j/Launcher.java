package fi.graphmap.neo4j;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;

/**
 * Starts a Neo4j DBMS (the real engine: kernel, Cypher runtime, transactions, constraints)
 * with the Bolt connector on 127.0.0.1, for graphmap's tests and for trying graphmap without
 * a server. Not for production: authentication is off and it listens on loopback only.
 *
 * <p>Usage: {@code Launcher DATA_DIR [PORT] [URL_FILE]}. PORT 0 (the default) picks a free
 * port. When the DBMS accepts connections it prints {@code bolt://127.0.0.1:PORT} on a line of
 * its own (and writes it to URL_FILE when given); SIGTERM or Ctrl-C shuts it down cleanly.
 *
 * <p>A transaction waits at most {@code GRAPHMAP_NEO4J_LOCK_TIMEOUT} seconds (default 10) for
 * a lock another one holds ({@code db.lock.acquisition.timeout}; Neo4j's own default waits
 * forever): the waiting write then fails with a transient error, which graphmap's store
 * reports as "busy, try again" (StoreBusy) once the driver's retries are spent.
 */
public final class Launcher {
    private Launcher() {}

    /** {@code GRAPHMAP_NEO4J_LOCK_TIMEOUT} (seconds, default 10) as the lock wait limit. */
    static Duration lockTimeout() {
        String text = System.getenv("GRAPHMAP_NEO4J_LOCK_TIMEOUT");
        double seconds = text == null || text.isBlank() ? 10 : Double.parseDouble(text.strip());
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Launcher DATA_DIR [PORT] [URL_FILE]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        if (port == 0) {
            port = freePort();
        }
        Files.createDirectories(dir);
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(dir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // A test and trial server: a small page cache, whatever the machine's size.
                .setConfig(GraphDatabaseSettings.pagecache_memory, 256L * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.lock_acquisition_timeout, lockTimeout())
                .build();
        // Opening the default database waits until it is available.
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "graphmap-neo4j-shutdown"));

        String url = "bolt://127.0.0.1:" + port;
        if (args.length > 2) {
            Path tmp = Path.of(args[2] + ".tmp");
            Files.writeString(tmp, url + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, Path.of(args[2]), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        System.out.println(url);
        System.out.flush();
        stopped.await();
    }

    /** A port the kernel says is free now (a small race with other programs is accepted). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
