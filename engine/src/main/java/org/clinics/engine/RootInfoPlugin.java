package org.clinics.engine;

import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.ClusterName;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.node.Node;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.json.JsonXContent;

import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Answers {@code GET /} and {@code HEAD /} with the node's name and version.
 *
 * <p>In the distribution this endpoint comes from a module that is not published to Maven
 * Central; clients use it for {@code info()} and {@code ping()}, so the launcher provides
 * its own small handler with the same response fields.
 */
public final class RootInfoPlugin extends Plugin implements ActionPlugin {
    private final Settings settings;

    public RootInfoPlugin(Settings settings) {
        this.settings = settings;
    }

    @Override
    public Collection<RestHandler> getRestHandlers(RestHandlersServices services,
                                                   Supplier<org.elasticsearch.cluster.node.DiscoveryNodes> nodes,
                                                   Predicate<org.elasticsearch.features.NodeFeature> features) {
        return List.of(new RootHandler(settings));
    }

    private static final class RootHandler extends BaseRestHandler {
        private final Settings settings;

        RootHandler(Settings settings) {
            this.settings = settings;
        }

        @Override
        public String getName() {
            return "clinics_root_info";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) {
            if (request.method() == RestRequest.Method.HEAD) {
                return channel -> channel.sendResponse(new RestResponse(RestStatus.OK, XContentBuilder.builder(JsonXContent.jsonXContent).startObject().endObject()));
            }
            return channel -> {
                Build build = Build.current();
                XContentBuilder body = channel.newBuilder();
                body.startObject();
                body.field("name", Node.NODE_NAME_SETTING.get(settings));
                body.field("cluster_name", ClusterName.CLUSTER_NAME_SETTING.get(settings).value());
                body.field("cluster_uuid", "_na_");
                body.startObject("version");
                body.field("number", build.qualifiedVersion());
                body.field("build_flavor", build.flavor());
                body.field("build_type", build.type().displayName());
                body.field("build_hash", build.hash());
                body.field("build_date", build.date());
                body.field("build_snapshot", build.isSnapshot());
                body.field("lucene_version", org.apache.lucene.util.Version.LATEST.toString());
                body.field("minimum_wire_compatibility_version", build.minWireCompatVersion());
                body.field("minimum_index_compatibility_version", build.minIndexCompatVersion());
                body.endObject();
                body.field("tagline", "clinics local engine (started from Maven Central artifacts)");
                body.endObject();
                channel.sendResponse(new RestResponse(RestStatus.OK, body));
            };
        }
    }
}
