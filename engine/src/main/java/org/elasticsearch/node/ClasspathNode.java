package org.elasticsearch.node;

import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.plugins.ClasspathPluginsService;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.plugins.PluginsLoader;
import org.elasticsearch.plugins.PluginsService;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An Elasticsearch node whose plugins are classes on the classpath (here only the Netty4
 * HTTP transport). Lives in this package because {@code NodeConstruction} and
 * {@code NodeServiceProvider} are package-private.
 */
public final class ClasspathNode extends Node {
    public ClasspathNode(Settings settings, List<Class<? extends Plugin>> plugins) {
        super(NodeConstruction.prepareConstruction(
            new Environment(settings, null),
            PluginsLoader.createPluginsLoader(Set.of(), Set.of(), Map.of(), false),
            new NodeServiceProvider() {
                @Override
                PluginsService newPluginService(Environment environment, PluginsLoader loader) {
                    return new ClasspathPluginsService(environment.settings(), loader, plugins);
                }
            },
            true));
    }
}
