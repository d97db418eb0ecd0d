package io.strait.ingress.api;

import java.util.List;

/** Every route object the router was told about: one snapshot, replaced as a whole. */
public record RouteObjects(List<GatewayClassObject> gatewayClasses, List<GatewayObject> gateways,
                           List<HttpRouteObject> httpRoutes, List<ReferenceGrantObject> referenceGrants,
                           List<IngressClassObject> ingressClasses, List<IngressObject> ingresses,
                           List<TlsSecretObject> secrets) {
    public static final RouteObjects EMPTY =
            new RouteObjects(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

    public RouteObjects {
        gatewayClasses = List.copyOf(gatewayClasses);
        gateways = List.copyOf(gateways);
        httpRoutes = List.copyOf(httpRoutes);
        referenceGrants = List.copyOf(referenceGrants);
        ingressClasses = List.copyOf(ingressClasses);
        ingresses = List.copyOf(ingresses);
        secrets = List.copyOf(secrets);
    }
}
