// The types the dashboards in ../json are validated against. generate.mjs turns them into JSON schemas.
// Everything comes from @grafana/schema except InfluxQLQuery: Grafana keeps its datasources' query
// types in its app, not in that package.
import type { AnnotationQuery, Dashboard, DataQuery } from '@grafana/schema';
import type * as BarChart from '@grafana/schema/dist/esm/raw/composable/barchart/panelcfg/x/BarChartPanelCfg_types.gen';
import type * as BarGauge from '@grafana/schema/dist/esm/raw/composable/bargauge/panelcfg/x/BarGaugePanelCfg_types.gen';
import type * as Stat from '@grafana/schema/dist/esm/raw/composable/stat/panelcfg/x/StatPanelCfg_types.gen';
import type * as Table from '@grafana/schema/dist/esm/raw/composable/table/panelcfg/x/TablePanelCfg_types.gen';
import type * as TimeSeries from '@grafana/schema/dist/esm/raw/composable/timeseries/panelcfg/x/TimeSeriesPanelCfg_types.gen';
import type * as Trend from '@grafana/schema/dist/esm/raw/composable/trend/panelcfg/x/TrendPanelCfg_types.gen';
import type * as XYChart from '@grafana/schema/dist/esm/raw/composable/xychart/panelcfg/x/XYChartPanelCfg_types.gen';

/**
 * A raw InfluxQL query of Grafana's InfluxDB datasource, the only kind these dashboards hold, so that the
 * query text is what a reader sees and what `jitfarm dashboards check` runs. The keys are those of
 * InfluxQuery in grafana/grafana public/app/plugins/datasource/influxdb/types.ts that a raw query uses.
 */
export interface InfluxQLQuery extends DataQuery {
  rawQuery: true;
  query: string;
  resultFormat?: 'time_series' | 'table';
  /** Legend name; `$tag_<key>` stands for a tag the query groups by. */
  alias?: string;
  // What an annotation's target carries besides the query: which columns make an event.
  fromAnnotations?: boolean;
  textEditor?: boolean;
  textColumn?: string;
  tagsColumn?: string;
  titleColumn?: string;
  timeEndColumn?: string;
}

/**
 * Grafana's dashboard model. Its annotations are generic in their datasource's query type, which
 * @grafana/schema only knows as the DataQuery base: here that type is InfluxQLQuery.
 */
export interface JitfarmDashboard extends Omit<Dashboard, 'annotations'> {
  annotations?: { list?: Array<AnnotationQuery<InfluxQLQuery>> };
}

/**
 * Per panel type the dashboards use, its `options` and its `fieldConfig.defaults.custom`: the dashboard
 * model leaves both open because each panel plugin declares its own. Partial because Grafana fills in
 * defaults for what a dashboard leaves out.
 */
export interface PanelTypes {
  barchart: { options: Partial<BarChart.Options>; custom: Partial<BarChart.FieldConfig> };
  bargauge: { options: Partial<BarGauge.Options>; custom: Record<string, never> };
  stat: { options: Partial<Stat.Options>; custom: Record<string, never> };
  table: { options: Partial<Table.Options>; custom: Partial<Table.FieldConfig> };
  timeseries: { options: Partial<TimeSeries.Options>; custom: Partial<TimeSeries.FieldConfig> };
  trend: { options: Partial<Trend.Options>; custom: Partial<Trend.FieldConfig> };
  xychart: { options: Partial<XYChart.Options>; custom: Partial<XYChart.FieldConfig> };
}
