package dev.unbundled.search.tool.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.HeaderConverter;
import org.apache.kafka.connect.storage.SimpleHeaderConverter;
import org.apache.kafka.connect.transforms.Transformation;
import org.apache.kafka.connect.transforms.predicates.Predicate;

/**
 * What the worker does to a record before the sink sees it: the connector's converters (or the
 * worker's, from a worker properties file; JSON without schemas when neither says) and its
 * transforms with their predicates. Classes come from the given class loader: the tool's own holds
 * the plugin's transforms and Kafka's built-in converters and transforms; others (an Avro
 * converter) come from a {@link PluginPath}.
 */
public final class RecordPipeline implements AutoCloseable {

  private static final String DEFAULT_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";

  private record Step(
      Transformation<SinkRecord> transformation, Predicate<SinkRecord> predicate, boolean negate) {}

  private final Converter keyConverter;
  private final Converter valueConverter;
  private final HeaderConverter headerConverter;
  private final List<Step> steps = new ArrayList<>();
  private final ClassLoader classes;

  /** With the classes on the tool's class path. */
  public RecordPipeline(Map<String, String> connector, Map<String, String> worker) {
    this(connector, worker, RecordPipeline.class.getClassLoader());
  }

  /**
   * @param connector the connector's configuration
   * @param worker the worker's properties, for converters the connector does not set (may be empty)
   * @param classes where converters, transforms and predicates are loaded from
   */
  public RecordPipeline(
      Map<String, String> connector, Map<String, String> worker, ClassLoader classes) {
    this.classes = classes;
    keyConverter = converter("key.converter", connector, worker, true);
    valueConverter = converter("value.converter", connector, worker, false);
    headerConverter = new SimpleHeaderConverter();
    headerConverter.configure(Map.of());
    Map<String, Predicate<SinkRecord>> predicates = new HashMap<>();
    for (String name : list(connector.get("predicates"))) {
      Predicate<SinkRecord> predicate =
          instance(connector.get("predicates." + name + ".type"), "predicate " + name);
      predicate.configure(withPrefix(connector, "predicates." + name + "."));
      predicates.put(name, predicate);
    }
    for (String name : list(connector.get("transforms"))) {
      String prefix = "transforms." + name + ".";
      Transformation<SinkRecord> transformation =
          instance(connector.get(prefix + "type"), "transform " + name);
      Map<String, String> transformConfig = withPrefix(connector, prefix);
      String predicateName = transformConfig.remove("predicate");
      boolean negate = Boolean.parseBoolean(transformConfig.remove("negate"));
      transformation.configure(transformConfig);
      Predicate<SinkRecord> predicate =
          predicateName == null ? null : predicates.get(predicateName);
      if (predicateName != null && predicate == null) {
        throw new IllegalArgumentException(
            "Transform " + name + " names predicate " + predicateName + ", which is not defined");
      }
      steps.add(new Step(transformation, predicate, negate));
    }
  }

  Converter keyConverter() {
    return keyConverter;
  }

  Converter valueConverter() {
    return valueConverter;
  }

  HeaderConverter headerConverter() {
    return headerConverter;
  }

  /** The record after the transforms, or empty when a transform dropped it. */
  Optional<SinkRecord> apply(SinkRecord record) {
    SinkRecord current = record;
    for (Step step : steps) {
      if (step.predicate() != null && step.predicate().test(current) == step.negate()) {
        continue;
      }
      current = step.transformation().apply(current);
      if (current == null) {
        return Optional.empty();
      }
    }
    return Optional.of(current);
  }

  private Converter converter(
      String key, Map<String, String> connector, Map<String, String> worker, boolean isKey) {
    Map<String, String> source = connector.containsKey(key) ? connector : worker;
    String className = source.getOrDefault(key, DEFAULT_CONVERTER);
    Map<String, String> converterConfig = withPrefix(source, key + ".");
    if (!source.containsKey(key)) {
      converterConfig.put("schemas.enable", "false");
    }
    Converter converter = instance(className, key);
    converter.configure(converterConfig, isKey);
    return converter;
  }

  @SuppressWarnings("unchecked")
  private <T> T instance(String className, String what) {
    if (className == null || className.isBlank()) {
      throw new IllegalArgumentException(what + " has no class");
    }
    try {
      return (T)
          Class.forName(className.trim(), true, classes).getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          what
              + ": class "
              + className
              + " is not on the tool's class path (it holds the plugin's transforms and Kafka's"
              + " built-in converters and transforms); give the directories of the worker's"
              + " other plugins with --plugin-path",
          e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(what + ": cannot create " + className + ": " + e, e);
    }
  }

  private static Map<String, String> withPrefix(Map<String, String> config, String prefix) {
    Map<String, String> values = new HashMap<>();
    config.forEach(
        (key, value) -> {
          if (key.startsWith(prefix) && !key.equals(prefix + "type")) {
            values.put(key.substring(prefix.length()), value);
          }
        });
    return values;
  }

  private static List<String> list(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    return new AbstractConfig(
            new ConfigDef().define("v", ConfigDef.Type.LIST, ConfigDef.Importance.LOW, ""),
            Map.of("v", value))
        .getList("v");
  }

  @Override
  public void close() {
    steps.forEach(
        step -> {
          step.transformation().close();
          if (step.predicate() != null) {
            step.predicate().close();
          }
        });
  }
}
