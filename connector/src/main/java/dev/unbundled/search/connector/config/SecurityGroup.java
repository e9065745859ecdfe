package dev.unbundled.search.connector.config;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Authentication other than a user name and password, and TLS to Elasticsearch. */
public final class SecurityGroup {

  public static final String CONNECTION_API_KEY = "connection.api.key";
  private static final String CONNECTION_API_KEY_DOC =
      "Elasticsearch API key, sent as <code>Authorization: ApiKey ...</code>: either the encoded"
          + " key as Elasticsearch returns it, or <code>id:api_key</code> (encoded by the"
          + " connector). Instead of a user name and password. Never logged. Elasticsearch only:"
          + " OpenSearch's security plugin takes basic authentication or a bearer token.";

  public static final String CONNECTION_BEARER_TOKEN = "connection.bearer.token";
  private static final String CONNECTION_BEARER_TOKEN_DOC =
      "Bearer token (for example from a token service or an identity provider, or a JWT for"
          + " OpenSearch's security plugin), sent as <code>Authorization: Bearer ...</code>."
          + " Instead of a user name and password. Never logged.";

  private static final String SSL_PREFIX = "elastic.https.ssl.";
  public static final String SSL_TRUSTSTORE_LOCATION = SSL_PREFIX + "truststore.location";
  public static final String SSL_TRUSTSTORE_PASSWORD = SSL_PREFIX + "truststore.password";
  public static final String SSL_TRUSTSTORE_TYPE = SSL_PREFIX + "truststore.type";
  public static final String SSL_KEYSTORE_LOCATION = SSL_PREFIX + "keystore.location";
  public static final String SSL_KEYSTORE_PASSWORD = SSL_PREFIX + "keystore.password";
  public static final String SSL_KEYSTORE_TYPE = SSL_PREFIX + "keystore.type";
  public static final String SSL_KEY_PASSWORD = SSL_PREFIX + "key.password";
  public static final String SSL_ENDPOINT_IDENTIFICATION =
      SSL_PREFIX + "endpoint.identification.algorithm";

  private SecurityGroup() {}

  static void define(ConfigDef def) {
    new ConfigGroup(def, "Security")
        .define(
            CONNECTION_API_KEY,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            CONNECTION_API_KEY_DOC,
            Width.MEDIUM,
            "API key")
        .define(
            CONNECTION_BEARER_TOKEN,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            CONNECTION_BEARER_TOKEN_DOC,
            Width.MEDIUM,
            "Bearer token")
        .define(
            SSL_TRUSTSTORE_LOCATION,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "Certificates to trust for <code>https://</code> URLs: a PEM file of CA certificates"
                + " (with <code>truststore.type=PEM</code>), or a JKS or PKCS12 truststore. Empty"
                + " for the JVM's default trust.",
            Width.LONG,
            "Truststore")
        .define(
            SSL_TRUSTSTORE_PASSWORD,
            Type.PASSWORD,
            null,
            Importance.MEDIUM,
            "Password of the JKS or PKCS12 truststore.",
            Width.SHORT,
            "Truststore password")
        .defineChoice(
            SSL_TRUSTSTORE_TYPE,
            "PEM",
            Importance.LOW,
            "Format of the truststore: PEM, JKS or PKCS12.",
            Width.SHORT,
            "Truststore type",
            "PEM",
            "JKS",
            "PKCS12")
        .define(
            SSL_KEYSTORE_LOCATION,
            Type.STRING,
            "",
            Importance.LOW,
            "A JKS or PKCS12 keystore with the client certificate and key, for clusters that"
                + " authenticate clients by certificate. Empty for none.",
            Width.LONG,
            "Keystore")
        .define(
            SSL_KEYSTORE_PASSWORD,
            Type.PASSWORD,
            null,
            Importance.LOW,
            "Password of the keystore.",
            Width.SHORT,
            "Keystore password")
        .defineChoice(
            SSL_KEYSTORE_TYPE,
            "PKCS12",
            Importance.LOW,
            "Format of the keystore: JKS or PKCS12.",
            Width.SHORT,
            "Keystore type",
            "JKS",
            "PKCS12")
        .define(
            SSL_KEY_PASSWORD,
            Type.PASSWORD,
            null,
            Importance.LOW,
            "Password of the private key in the keystore, when it differs from the keystore's.",
            Width.SHORT,
            "Key password")
        .defineChoice(
            SSL_ENDPOINT_IDENTIFICATION,
            "https",
            Importance.LOW,
            "<code>https</code> (default) checks that the server's certificate names the host in"
                + " the URL. Empty turns hostname verification off, which lets anyone with a"
                + " certificate from a trusted CA impersonate the cluster: logged as a warning.",
            Width.SHORT,
            "Hostname verification",
            "https",
            "");
  }
}
