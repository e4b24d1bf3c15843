import { ConfigError, loadConfig } from './service-config';

describe('loadConfig', () => {
  it('has defaults for a local run', () => {
    expect(loadConfig({})).toMatchObject({ httpPort: 3000, kafkaBrokers: ['127.0.0.1:9092'], topicPrefix: 'customer-account' });
  });

  it('reads brokers as a list', () => {
    expect(loadConfig({ KAFKA_BROKERS: 'a:1,b:2' }).kafkaBrokers).toEqual(['a:1', 'b:2']);
  });

  it('names every bad value at once', () => {
    let error: unknown;
    try {
      loadConfig({ HTTP_PORT: 'eighty', MONGODB_URI: 'postgres://x', TOPIC_PARTITIONS: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'HTTP_PORT="eighty" must be a whole number from 0 to 65535',
      'MONGODB_URI="postgres://x" must be a mongodb:// or mongodb+srv:// URI',
      'TOPIC_PARTITIONS="0" must be a whole number from 1 to 1000',
    ]);
  });
});
