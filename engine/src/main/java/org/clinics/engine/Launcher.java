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
 * Starts one Elasticsearch node in this JVM, HTTP and transport on 127.0.0.1 only.
 *
 * <p>Usage: {@code Launcher HOME_DIR HTTP_PORT [CLUSTER_NAME] [KEY=VALUE ...]}. The node keeps
 * its data in HOME_DIR/data and writes "ready PORT" to HOME_DIR/ready once HTTP is bound. It
 * stops cleanly on SIGTERM (the JVM shutdown hook closes the node).
 *
 * <p>Without KEY=VALUE arguments the node is a single-node cluster. Each KEY=VALUE replaces
 * or adds one node setting; a value with commas is a list. {@code clinics es start --nodes N}
 * passes node.name, transport.port, discovery.type=multi-node, discovery.seed_hosts,
 * cluster.initial_master_nodes (first start only) and path.repo this way.
 */
public final class Launcher {
    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Launcher HOME_DIR HTTP_PORT [CLUSTER_NAME] [KEY=VALUE ...]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        String port = args[1];
        int extra = 2;
        String clusterName = "clinics-local";
        if (args.length > 2 && !args[2].contains("=")) {
            clusterName = args[2];
            extra = 3;
        }
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("logs"));
        Files.createDirectories(home.resolve("config"));
        Path ready = home.resolve("ready");
        Files.deleteIfExists(ready);

        Settings.Builder builder = Settings.builder()
            .put(ClusterName.CLUSTER_NAME_SETTING.getKey(), clusterName)
            .put(Node.NODE_NAME_SETTING.getKey(), "clinics-node-1")
            .put(Environment.PATH_HOME_SETTING.getKey(), home.toString())
            .put(Environment.PATH_DATA_SETTING.getKey(), home.resolve("data").toString())
            .put(Environment.PATH_LOGS_SETTING.getKey(), home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", port)
            // One node needs transport only inside itself: any free loopback port. A cluster
            // passes each node's transport.port.
            .put("transport.port", "0")
            .put(DiscoveryModule.DISCOVERY_TYPE_SETTING.getKey(), DiscoveryModule.SINGLE_NODE_DISCOVERY_TYPE)
            // A developer laptop or CI box: do not refuse writes when the disk is fairly full.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.destructive_requires_name", false);
        for (int i = extra; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq <= 0) {
                System.err.println("not a KEY=VALUE setting: " + args[i]);
                System.exit(2);
            }
            String key = args[i].substring(0, eq);
            String value = args[i].substring(eq + 1);
            if (value.contains(",")) {
                builder.putList(key, value.split(","));
            } else {
                builder.put(key, value);
            }
        }
        Settings settings = builder.build();

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
