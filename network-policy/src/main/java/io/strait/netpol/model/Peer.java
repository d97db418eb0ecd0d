package io.strait.netpol.model;

import java.util.List;

/** One entry of {@code from} / {@code to}: pods chosen by selectors, or an IP block. */
public sealed interface Peer permits Peer.Selector, Peer.IpBlock {

    /**
     * {@code podSelector} and/or {@code namespaceSelector} (null = field absent). Pod selector alone:
     * pods of the policy's namespace; namespace selector alone: every pod of the selected
     * namespaces; both: the selected pods of the selected namespaces.
     */
    record Selector(LabelSelector podSelector, LabelSelector namespaceSelector) implements Peer {
        public Selector {
            if (podSelector == null && namespaceSelector == null) {
                throw new IllegalArgumentException("a peer needs podSelector, namespaceSelector or ipBlock");
            }
        }

        /**
         * Whether {@code pod}, in a namespace with {@code namespaceLabels} (empty when the
         * namespace is unknown), is this peer of a policy in {@code policyNamespace}.
         */
        public boolean matches(Pod pod, java.util.Map<String, String> namespaceLabels, String policyNamespace) {
            if (namespaceSelector == null) {
                if (!pod.namespace().equals(policyNamespace)) {
                    return false;
                }
            } else if (!namespaceSelector.matches(namespaceLabels)) {
                return false;
            }
            return podSelector == null || podSelector.matches(pod.labels());
        }
    }

    /** {@code ipBlock}: addresses in {@code cidr} but in none of {@code except}. */
    record IpBlock(Cidr cidr, List<Cidr> except) implements Peer {
        public IpBlock {
            except = List.copyOf(except);
            for (Cidr e : except) {
                if (!cidr.covers(e)) {
                    throw new IllegalArgumentException("except " + e + " is not inside cidr " + cidr);
                }
            }
        }

        public boolean contains(boolean v6, long hi, long lo) {
            if (!cidr.contains(v6, hi, lo)) {
                return false;
            }
            for (Cidr e : except) {
                if (e.contains(v6, hi, lo)) {
                    return false;
                }
            }
            return true;
        }
    }
}
