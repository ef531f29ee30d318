import { DataSource, type DataSourceOptions } from 'typeorm';

/** Opens the service's database for one tool run and closes it afterwards, whatever happens. */
export async function withDataSource<T>(options: DataSourceOptions, work: (dataSource: DataSource) => Promise<T>): Promise<T> {
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    return await work(dataSource);
  } finally {
    await dataSource.destroy();
  }
}
