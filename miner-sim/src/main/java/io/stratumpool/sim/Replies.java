package io.stratumpool.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.stratumpool.validator.Hex;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Reading pool responses the way firmware does, and the profile rules that turn a badly shaped
 * response into a failure. Each check returns a failure reason, or null when the firmware would
 * carry on.
 */
final class Replies {
    /** The two error texts cgminer forgives in an extranonce.subscribe reply (pools that lack the method). */
    private static final Set<String> FORGIVEN_EXTRANONCE_ERRORS = Set.of(
            "Method 'subscribe' not found for service 'mining.extranonce'", "Unrecognized request provided");

    private Replies() {
    }

    /** A result that is present, not null, not false, and no error. */
    static boolean isSuccess(JsonNode reply) {
        JsonNode error = reply.get("error");
        JsonNode result = reply.get("result");
        return (error == null || error.isNull()) && result != null && !result.isNull()
                && !(result.isBoolean() && !result.asBoolean());
    }

    // A result that is there and not false: what a pool means as success even if its error member is off.
    private static boolean looksSuccessful(JsonNode reply) {
        JsonNode result = reply.get("result");
        return result != null && !result.isNull() && !(result.isBoolean() && !result.asBoolean());
    }

    /** The Stratum error code of a response, or -1 when it carries none. */
    static int errorCode(JsonNode reply) {
        JsonNode error = reply.get("error");
        if (error == null || error.isNull()) {
            return -1;
        }
        JsonNode code = error.isArray() ? error.get(0) : error.get("code");
        return code != null && code.canConvertToInt() ? code.asInt() : -1;
    }

    /** The message of an error in either shape, or the whole error when it has no message. */
    static String errorText(JsonNode reply) {
        JsonNode error = reply.get("error");
        if (error == null || error.isNull()) {
            return null;
        }
        JsonNode text = error.isArray() ? error.get(1) : error.get("message");
        return text != null && text.isTextual() ? text.asText() : error.toString();
    }

    /** Rules every response must pass for this profile, whatever it answers. */
    static String shapeProblem(FirmwareProfile profile, JsonNode reply) {
        JsonNode error = reply.get("error");
        if (profile.has(Quirk.REQUIRE_ERROR_MEMBER) && (error == null || !error.isNull() && looksSuccessful(reply))) {
            return "response without \"error\":null on success: " + reply;
        }
        if (profile.has(Quirk.ERROR_MUST_BE_ARRAY) && error != null && !error.isNull() && !error.isArray()) {
            return "cannot parse error " + error + " (expected: [code, \"message\", data])";
        }
        return null;
    }

    /** The configure rules: no keys that were not asked for, and a usable mask where the firmware needs one. */
    static String configureProblem(FirmwareProfile profile, JsonNode requestParams, JsonNode reply) {
        JsonNode result = reply.get("result");
        if (profile.has(Quirk.REJECT_UNREQUESTED_CONFIGURE_KEYS) && result != null && result.isObject()) {
            Set<String> allowed = requestedKeys(requestParams);
            for (Iterator<String> it = result.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    return "JSON-RPC unexpected mining.configure value: " + key;
                }
            }
        }
        if (profile.has(Quirk.REQUIRE_VERSION_ROLLING) && grantedMask(reply) < 0) {
            return "mining.configure: no version rolling with a valid mask in " + reply;
        }
        return null;
    }

    /** The granted version-rolling mask, or -1 when rolling was refused or the mask is not 8 hex digits. */
    static long grantedMask(JsonNode reply) {
        JsonNode result = reply.get("result");
        if (!isSuccess(reply) || !result.isObject() || !result.path("version-rolling").asBoolean(false)) {
            return -1;
        }
        JsonNode mask = result.get("version-rolling.mask");
        return mask == null || !mask.isTextual() ? -1 : Hex.parseUInt32(mask.asText());
    }

    static String extranonceSubscribeProblem(FirmwareProfile profile, JsonNode reply) {
        if (!profile.has(Quirk.EXTRANONCE_SUBSCRIBE_ERROR_FATAL) || isSuccess(reply)) {
            return null;
        }
        String text = errorText(reply);
        return text != null && FORGIVEN_EXTRANONCE_ERRORS.contains(text) ? null
                : "JSON extranonce subscribe failed: " + reply;
    }

    // The extension names themselves plus the parameter keys sent with them.
    private static Set<String> requestedKeys(JsonNode requestParams) {
        Set<String> keys = new HashSet<>();
        requestParams.path(0).forEach(ext -> keys.add(ext.asText()));
        requestParams.path(1).fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
