package org.elasticsearch.plugins;

import org.elasticsearch.Version;
import org.elasticsearch.common.settings.Settings;

import java.util.ArrayList;
import java.util.List;

/**
 * A plugins service that knows only plugin classes already on the JVM classpath.
 *
 * <p>The distribution loads modules from a directory with their own class loaders; the
 * launcher has no such directory (everything comes from Maven Central), so each plugin
 * class is instantiated directly and described by a synthetic descriptor. Lives in this
 * package because the constructor of {@code LoadedPlugin} is package-private.
 */
public final class ClasspathPluginsService extends PluginsService {
    private final List<LoadedPlugin> loaded;

    public ClasspathPluginsService(Settings settings, PluginsLoader loader, List<Class<? extends Plugin>> pluginClasses) {
        super(settings, null, loader);
        List<LoadedPlugin> result = new ArrayList<>();
        ClassLoader classLoader = ClasspathPluginsService.class.getClassLoader();
        for (Class<? extends Plugin> type : pluginClasses) {
            Plugin instance = loadPlugin(type, settings, null);
            PluginDescriptor descriptor = new PluginDescriptor(
                type.getSimpleName(),
                "loaded from the launcher classpath",
                Version.CURRENT.toString(),
                Version.CURRENT.toString(),
                Integer.toString(Runtime.version().feature()),
                type.getName(),
                null,
                List.of(),
                false,
                false,
                false,
                false,
                PluginDescriptor.DeploymentTarget.ALL
            );
            result.add(new LoadedPlugin(descriptor, instance, classLoader));
        }
        loadExtensions(result);
        this.loaded = List.copyOf(result);
    }

    @Override
    protected List<LoadedPlugin> plugins() {
        return loaded;
    }
}
