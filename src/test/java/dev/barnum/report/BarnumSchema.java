package dev.barnum.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;

/**
 * {@code schema/barnum.schema.json} (main resources), the one description of the REST API's and
 * {@code barnum-cli --output json}'s documents, as a JSON Schema 2020-12 validator (formats
 * asserted) of one of its definitions: {@code fleet}, {@code host}, {@code commandResults}, {@code
 * error}.
 */
public final class BarnumSchema {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RESOURCE = "schema/barnum.schema.json";

    private BarnumSchema() {}

    /** The problems of {@code document} against the definition {@code def}; none when valid. */
    public static List<String> problems(String def, String document) {
        try {
            return schema(def).validate(JSON.readTree(document)).stream()
                    .map(ValidationMessage::toString)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code document} is one JSON document valid against {@code def}. */
    public static JsonNode assertValid(String def, String document) {
        assertThat(problems(def, document))
                .as("%s against %s#/$defs/%s", document, RESOURCE, def)
                .isEmpty();
        try {
            return JSON.readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonSchema schema(String def) throws IOException {
        ObjectNode root;
        try (InputStream in = BarnumSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            root = (ObjectNode) JSON.readTree(in);
        }
        assertThat(root.path("$defs").has(def)).as("a definition %s in %s", def, RESOURCE).isTrue();
        // the whole schema, its own definitions included, with the one asked for as the root
        root.remove("oneOf");
        root.put("$ref", "#/$defs/" + def);
        SchemaValidatorsConfig config =
                SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(root, config);
    }

    /** The definitions of the schema. */
    public static Set<String> definitions() {
        try (InputStream in = BarnumSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            java.util.Set<String> names = new java.util.TreeSet<>();
            JSON.readTree(in).path("$defs").fieldNames().forEachRemaining(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
