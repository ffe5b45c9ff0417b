import type { InspectReport } from '../../../../preload/contract';
import { formatCount } from '../../lib/format';

/** The lesson's table: per layer its activation shape, activation size and parameter count. */
export function InspectorTable({ report }: { report: InspectReport }) {
  return (
    <div className="table-wrap tall">
      <p>
        <code>{report.model}</code>, input [{report.inputShape.join(' × ')}]: {formatCount(report.totals.params)} parameters,{' '}
        {formatCount(report.totals.macs)} MACs, {formatCount(report.totals.activationSize)} activations in all.
      </p>
      <table className="data" aria-label="Layers" data-testid="inspector-table">
        <thead>
          <tr>
            <th>Layer</th>
            <th>Kind</th>
            <th>Op</th>
            <th>Activation shape</th>
            <th>Activation size</th>
            <th># parameters</th>
            <th>MACs</th>
          </tr>
        </thead>
        <tbody>
          {report.layers.map((l, i) => (
            <tr key={`${l.name}-${i}`}>
              <td className="wrap">{l.name}</td>
              <td>{l.kind}</td>
              <td>{l.op}</td>
              <td>({l.shape.join(', ')})</td>
              <td className="num">{formatCount(l.activationSize)}</td>
              <td className="num">{formatCount(l.params)}</td>
              <td className="num">{formatCount(l.macs)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th colSpan={4}>Total</th>
            <td className="num">{formatCount(report.totals.activationSize)}</td>
            <td className="num">{formatCount(report.totals.params)}</td>
            <td className="num">{formatCount(report.totals.macs)}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
