package dev.unbundled.search.it.harness;

import java.util.HashMap;
import java.util.Map;

/**
 * What tests see of the shared schema registry (Apicurio Registry, a real server): its addresses
 * and the converter settings that read and write Avro through it in the Confluent wire format.
 */
public final class SchemaRegistry {

  /** Apicurio's converter, wire-compatible with Confluent's AvroConverter. */
  public static final String AVRO_CONVERTER = "io.apicurio.registry.utils.converter.AvroConverter";

  private final String url;

  public SchemaRegistry(String url) {
    this.url = url;
  }

  /** The server's root. */
  public String url() {
    return url;
  }

  /** Apicurio's own API, what its converter takes as {@code apicurio.registry.url}. */
  public String registryApi() {
    return registryApi(url);
  }

  /** The same API behind another address (a proxy in front of the registry). */
  public static String registryApi(String root) {
    return root + "/apis/registry/v2";
  }

  /** The Confluent-compatible API. */
  public String confluentApi() {
    return url + "/apis/ccompat/v7";
  }

  /**
   * The converter's settings (without prefix) for the Confluent wire format: magic byte and a
   * 4-byte schema id before the Avro body, no headers, schemas registered on first use.
   */
  public Map<String, String> converterSettings() {
    return converterSettings(registryApi());
  }

  /** The converter's settings for a registry API at {@code registryApi}. */
  public static Map<String, String> converterSettings(String registryApi) {
    Map<String, String> settings = new HashMap<>();
    settings.put("apicurio.registry.url", registryApi);
    settings.put("apicurio.registry.auto-register", "true");
    settings.put("apicurio.registry.find-latest", "true");
    settings.put("apicurio.registry.as-confluent", "true");
    settings.put("apicurio.registry.use-id", "contentId");
    settings.put("apicurio.registry.headers.enabled", "false");
    return settings;
  }

  /** Sets Avro key and value converters on a connector configuration. */
  public Map<String, String> withAvroConverters(Map<String, String> config) {
    return withAvroConverters(config, registryApi());
  }

  /** Sets Avro key and value converters reading through the registry API at {@code registryApi}. */
  public static Map<String, String> withAvroConverters(
      Map<String, String> config, String registryApi) {
    for (String prefix : new String[] {"key.converter", "value.converter"}) {
      config.put(prefix, AVRO_CONVERTER);
      converterSettings(registryApi).forEach((key, value) -> config.put(prefix + "." + key, value));
    }
    return config;
  }
}
