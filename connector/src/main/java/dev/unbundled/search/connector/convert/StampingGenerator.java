package dev.unbundled.search.connector.convert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;

/**
 * Writes a document through another generator, adding one numeric field as the first field of its
 * top-level object: the sweep stamp, whatever shape the document was written from. Copies from a
 * parser go through this generator's own methods (not the delegate's copy), so they get the field
 * too.
 */
final class StampingGenerator extends JsonGeneratorDelegate {

  private final String field;
  private final long value;
  private boolean stamped;

  StampingGenerator(JsonGenerator delegate, String field, long value) {
    super(delegate, false);
    this.field = field;
    this.value = value;
  }

  @Override
  public void writeStartObject() throws IOException {
    super.writeStartObject();
    stampOnce();
  }

  @Override
  public void writeStartObject(Object forValue) throws IOException {
    super.writeStartObject(forValue);
    stampOnce();
  }

  @Override
  public void writeStartObject(Object forValue, int size) throws IOException {
    super.writeStartObject(forValue, size);
    stampOnce();
  }

  private void stampOnce() throws IOException {
    if (!stamped) {
      stamped = true;
      delegate.writeNumberField(field, value);
    }
  }
}
