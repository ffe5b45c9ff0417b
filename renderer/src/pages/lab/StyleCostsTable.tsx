import { Group, Table, Text } from '@mantine/core';
import type { LabStyleCostsResult, LabStyleLayerCost } from '../../../../preload/contract';
import { useObjectUrl } from '../../hooks/useObjectUrl';

function Gram({ png, label, caption }: { png: Uint8Array; label: string; caption: string }) {
  const url = useObjectUrl(png);
  return (
    <figure className="gram">
      <img src={url} alt={label} width={96} height={96} />
      <figcaption>{caption}</figcaption>
    </figure>
  );
}

function LayerRow({ l }: { l: LabStyleLayerCost }) {
  return (
    <Table.Tr>
      <Table.Td>{l.layer}</Table.Td>
      <Table.Td className="num">{l.channels}</Table.Td>
      <Table.Td className="num">{l.lambda}</Table.Td>
      <Table.Td className="num">{l.cost.toPrecision(4)}</Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Gram png={l.gramStyle} label={`Gram of S, ${l.layer}`} caption="Gram(S)" />
          <Gram png={l.gramGenerated} label={`Gram of G, ${l.layer}`} caption="Gram(G)" />
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** J_content, J_style and the per-layer table with both Grams; `prefix` keeps test ids apart when two are on the page. */
export function StyleCostsTable({ r, prefix = '' }: { r: LabStyleCostsResult; prefix?: string }) {
  return (
    <>
      <Text size="sm">
        J_content = ½‖a(C) − a(G)‖² at {r.contentLayer} ({r.contentShape.join('×')}) ={' '}
        <strong data-testid={`${prefix}j-content`}>{r.jContent.toPrecision(6)}</strong>
      </Text>
      <Text size="sm" mb="xs">
        J_style = Σ λ J_style^[l] / Σ λ = <strong data-testid={`${prefix}j-style`}>{r.jStyle.toPrecision(6)}</strong> ({r.width}×{r.height}
        ). As the style engine weighs them (each term relative to its target, α = {r.alpha}, β = {r.beta}): J ={' '}
        <strong data-testid={`${prefix}j-total`}>{r.j.toPrecision(6)}</strong>
      </Text>
      <div className="table-scroll">
        <Table striped withTableBorder className="numbers" data-testid={`${prefix}style-layers`} aria-label="Style cost per layer">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>layer</Table.Th>
              <Table.Th className="num">n_C</Table.Th>
              <Table.Th className="num">λ</Table.Th>
              <Table.Th className="num">J_style^[l]</Table.Th>
              <Table.Th>Gram(S) | Gram(G)</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.layers.map((l) => (
              <LayerRow key={l.layer} l={l} />
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </>
  );
}
