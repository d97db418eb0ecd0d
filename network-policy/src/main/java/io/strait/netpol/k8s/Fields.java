package io.strait.netpol.k8s;

import io.strait.netpol.model.LabelSelector;
import io.strait.netpol.model.Protocol;
import io.strait.netpol.model.Requirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Field checks shared by the translators; each failure names the object and the field. */
final class Fields {
    // IANA_SVC_NAME (RFC 6335 §5.1), as Kubernetes' IsValidPortName: 1-15 of [a-z0-9-], a letter, no --, no - at the ends.
    private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?");

    private final String kind;
    private final String object;

    Fields(String kind, String object) {
        this.kind = kind;
        this.object = object;
    }

    PolicyProblem.Invalid invalid(String field, String message) {
        return new PolicyProblem.Invalid(new PolicyProblem(kind, object, field, message));
    }

    Protocol protocol(String field, String value) {
        if (value == null) {
            return Protocol.TCP;
        }
        try {
            return Protocol.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "\"" + value + "\" is not TCP, UDP or SCTP");
        }
    }

    int port(String field, Integer value) {
        if (value == null || value < 1 || value > 65535) {
            throw invalid(field, value + " is not a port number (1-65535)");
        }
        return value;
    }

    String portName(String field, String name) {
        if (!PORT_NAME.matcher(name).matches() || name.contains("--") || name.chars().noneMatch(Character::isLetter)) {
            throw invalid(field, "\"" + name + "\" is not a port name (1-15 lower-case letters, digits and '-', with a letter)");
        }
        return name;
    }

    LabelSelector selector(String field, io.fabric8.kubernetes.api.model.LabelSelector s) {
        Map<String, String> labels = s.getMatchLabels() == null ? Map.of() : s.getMatchLabels();
        List<Requirement> reqs = new ArrayList<>();
        var exprs = s.getMatchExpressions() == null ? List.<io.fabric8.kubernetes.api.model.LabelSelectorRequirement>of()
                : s.getMatchExpressions();
        for (int i = 0; i < exprs.size(); i++) {
            var e = exprs.get(i);
            String at = field + ".matchExpressions[" + i + "]";
            if (e.getKey() == null || e.getKey().isEmpty()) {
                throw invalid(at + ".key", "is required");
            }
            Requirement.Operator op = switch (e.getOperator() == null ? "" : e.getOperator()) {
                case "In" -> Requirement.Operator.IN;
                case "NotIn" -> Requirement.Operator.NOT_IN;
                case "Exists" -> Requirement.Operator.EXISTS;
                case "DoesNotExist" -> Requirement.Operator.DOES_NOT_EXIST;
                default -> throw invalid(at + ".operator", "\"" + e.getOperator() + "\" is not In, NotIn, Exists or DoesNotExist");
            };
            List<String> values = e.getValues() == null ? List.of() : e.getValues();
            try {
                reqs.add(new Requirement(e.getKey(), op, values));
            } catch (IllegalArgumentException ex) {
                throw invalid(at + ".values", ex.getMessage());
            }
        }
        return new LabelSelector(labels, reqs);
    }
}
