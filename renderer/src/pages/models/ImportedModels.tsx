import { useState } from 'react';
import { Button, Text, VisuallyHidden } from '@mantine/core';
import { IconPackageImport, IconTrash } from '@tabler/icons-react';
import { useClient } from '../../client/context';
import { Panel } from '../../components/Panel';
import { useRequest } from '../../hooks/useRequest';
import { useToast } from '../../hooks/useToast';

/** Detectors the user imported (Detect page → "Import a YOLO .onnx"), as the detection engine lists them. */
export function ImportedModels() {
  const client = useClient();
  const toast = useToast();
  const models = useRequest('vw:detection.models', {});
  const [confirm, setConfirm] = useState<string>();
  const remove = async (id: string): Promise<void> => {
    try {
      await client.call('vw:detection.removeModel', { id });
      setConfirm(undefined);
      models.reload();
    } catch (err) {
      toast.error(err, `Remove ${id}`);
    }
  };
  const imported = (models.data ?? []).filter((m) => !m.optional && m.family !== 'centernet');
  return (
    <Panel title={`Your imported detectors · ${imported.length}`} icon={<IconPackageImport size={18} aria-hidden="true" />}>
      {imported.length === 0 ? (
        <Text size="sm" c="dimmed">
          None yet. Import a YOLO .onnx on the Detect page (drop it on “Import a YOLO .onnx”); it is kept in your models folder and listed
          here and in every model picker.
        </Text>
      ) : (
        <div className="table-wrap">
          <table className="data" aria-label="Imported detectors" data-testid="imported-models">
            <thead>
              <tr>
                <th>Id</th>
                <th>Family</th>
                <th>Classes</th>
                <th>Input</th>
                <th>License</th>
                <th>
                  <VisuallyHidden>Remove</VisuallyHidden>
                </th>
              </tr>
            </thead>
            <tbody>
              {imported.map((m) => (
                <tr key={m.id} data-model={m.id}>
                  <td>
                    <code>{m.id}</code>
                  </td>
                  <td>{m.family}</td>
                  <td className="wrap">
                    {m.classes.length}: {m.classes.slice(0, 8).join(', ')}
                    {m.classes.length > 8 ? ', …' : ''}
                  </td>
                  <td className="num">{m.inputSize} px</td>
                  <td>{m.license ?? 'as its author states'}</td>
                  <td>
                    {confirm === m.id ? (
                      <Button size="compact-xs" color="red" onClick={() => void remove(m.id)}>
                        Yes, remove {m.id}
                      </Button>
                    ) : (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        leftSection={<IconTrash size={12} />}
                        aria-label={`Remove ${m.id}`}
                        onClick={() => setConfirm(m.id)}
                      >
                        Remove…
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}
