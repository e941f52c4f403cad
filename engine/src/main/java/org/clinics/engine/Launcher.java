package org.clinics.engine;

import org.elasticsearch.cluster.ClusterName;
import org.elasticsearch.common.logging.LogConfigurator;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.discovery.DiscoveryModule;
import org.elasticsearch.env.Environment;
import org.elasticsearch.http.HttpServerTransport;
import org.elasticsearch.node.ClasspathNode;
import org.elasticsearch.node.Node;
import org.elasticsearch.transport.netty4.Netty4Plugin;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Starts one single-node Elasticsearch cluster in this JVM, HTTP on 127.0.0.1 only.
 *
 * <p>Usage: {@code Launcher HOME_DIR HTTP_PORT [CLUSTER_NAME]}. The node keeps its data in
 * HOME_DIR/data and writes "ready PORT" to HOME_DIR/ready once HTTP is bound. It stops
 * cleanly on SIGTERM (the JVM shutdown hook closes the node).
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Launcher HOME_DIR HTTP_PORT [CLUSTER_NAME]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String port = args[1];
        String clusterName = args.length > 2 ? args[2] : "clinics-local";
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("config"));
        Path ready = home.resolve("ready");
        Files.deleteIfExists(ready);

        Settings settings = Settings.builder()
            .put(ClusterName.CLUSTER_NAME_SETTING.getKey(), clusterName)
            .put(Node.NODE_NAME_SETTING.getKey(), "clinics-node-1")
            .put(Environment.PATH_HOME_SETTING.getKey(), home.toString())
            .put(Environment.PATH_DATA_SETTING.getKey(), home.resolve("data").toString())
            .put(Environment.PATH_LOGS_SETTING.getKey(), home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            // Transport is only needed inside the node; keep it on loopback and off the HTTP port.
            .put("transport.port", "0")
            .put(DiscoveryModule.DISCOVERY_TYPE_SETTING.getKey(), DiscoveryModule.SINGLE_NODE_DISCOVERY_TYPE)
            // A developer laptop or CI box: do not refuse writes when the disk is fairly full.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.destructive_requires_name", false)
            .build();

        // The distribution configures log4j from config/log4j2.properties; we log to the console,
        // which `clinics es start` redirects to a log file.
        LogConfigurator.configureESLogging();
        LogConfigurator.configureWithoutConfig(settings);

        Node node = new ClasspathNode(settings, List.of(Netty4Plugin.class, RootInfoPlugin.class));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("error while closing the node: " + e);
            } finally {
                stopped.countDown();
            }
        }, "clinics-engine-shutdown"));

        node.start();
        int boundPort = node.injector().getInstance(HttpServerTransport.class)
            .boundAddress().publishAddress().getPort();
        Files.writeString(ready, "ready " + boundPort + "\n");
        System.out.println("clinics engine ready on http://127.0.0.1:" + boundPort);
        stopped.await();
    }
}
