package dev.unbundled.search.connector.config;

import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * How the connector authenticates (other than by a user name and password, which are in the
 * connection group): API keys, bearer tokens, AWS request signing; and TLS to the search engine.
 */
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

  public static final String AWS_REGION = "aws.region";
  private static final String AWS_REGION_DOC =
      "The AWS region of the domain or collection, such as <code>us-east-1</code>: part of every"
          + " signature, so a wrong region is refused by AWS like a wrong key. Required with"
          + " connection.auth.type=aws-sigv4.";

  public static final String AWS_SERVICE = "aws.service";
  private static final String AWS_SERVICE_DOC =
      "The service name requests are signed for: <code>es</code> for Amazon OpenSearch Service"
          + " (also Elasticsearch domains there), <code>aoss</code> for OpenSearch Serverless.";

  public static final String AWS_ROLE_ARN = "aws.role.arn";
  private static final String AWS_ROLE_ARN_DOC =
      "An IAM role to assume through AWS STS (in aws.region) with the default chain's"
          + " credentials, such as <code>arn:aws:iam::123456789012:role/search-sink</code>; its"
          + " temporary credentials are refreshed before they expire. Empty to sign with the"
          + " default chain's credentials themselves.";

  public static final String AWS_ROLE_SESSION_NAME = "aws.role.session.name";
  private static final String AWS_ROLE_SESSION_NAME_DOC =
      "The session name of the assumed role (aws.role.arn), as CloudTrail shows it.";

  /** An AWS region name: us-east-1, eu-central-2, us-gov-west-1, cn-north-1, ... */
  private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");

  private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/.+");

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
        .defineChoice(
            AuthType.KEY,
            AuthType.BASIC.value(),
            Importance.MEDIUM,
            AuthType.DOC,
            Width.SHORT,
            "Authentication",
            AuthType.names())
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
            AWS_REGION,
            Type.STRING,
            "",
            Validators.parsedBy(
                value -> {
                  if (!value.isBlank() && !REGION.matcher(value.trim()).matches()) {
                    throw new IllegalArgumentException(
                        "Not an AWS region name; expected one like us-east-1.");
                  }
                },
                "an AWS region such as us-east-1, or empty"),
            Importance.MEDIUM,
            AWS_REGION_DOC,
            Width.SHORT,
            "AWS region")
        .defineChoice(
            AWS_SERVICE,
            "es",
            Importance.LOW,
            AWS_SERVICE_DOC,
            Width.SHORT,
            "AWS service",
            "es",
            "aoss")
        .define(
            AWS_ROLE_ARN,
            Type.STRING,
            "",
            Validators.parsedBy(
                value -> {
                  if (!value.isBlank() && !ROLE_ARN.matcher(value.trim()).matches()) {
                    throw new IllegalArgumentException(
                        "Not an IAM role ARN; expected arn:aws:iam::<account>:role/<name>.");
                  }
                },
                "an IAM role ARN, or empty"),
            Importance.LOW,
            AWS_ROLE_ARN_DOC,
            Width.LONG,
            "AWS role to assume")
        .define(
            AWS_ROLE_SESSION_NAME,
            Type.STRING,
            "unbundled-search-sink",
            Importance.LOW,
            AWS_ROLE_SESSION_NAME_DOC,
            Width.MEDIUM,
            "AWS role session name")
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
