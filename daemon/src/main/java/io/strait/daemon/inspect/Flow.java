package io.strait.daemon.inspect;

/**
 * One live connection or UDP flow, as {@code /connections} shows it.
 *
 * @param namespace  the Service's namespace
 * @param service    the Service's name
 * @param port       the Service port's name
 * @param ageMillis  time since the flow was created
 * @param bytesIn    bytes received from the client
 * @param bytesOut   bytes sent to the client
 */
public record Flow(String protocol, String client, String frontend, String backend, String namespace,
                   String service, String port, long ageMillis, long bytesIn, long bytesOut) {

    /** True when the flow belongs to the Service "namespace/name" (or "name" in any namespace). */
    public boolean matches(String serviceFilter) {
        if (serviceFilter == null || serviceFilter.isEmpty()) {
            return true;
        }
        int slash = serviceFilter.indexOf('/');
        return slash < 0 ? serviceFilter.equals(service)
                : serviceFilter.substring(0, slash).equals(namespace) && serviceFilter.substring(slash + 1).equals(service);
    }
}
