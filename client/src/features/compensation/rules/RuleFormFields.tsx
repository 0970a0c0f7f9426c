import { Button, Card, Col, Divider, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { customerTiers, dissatisfactionKinds, lifecycleStages, remedyTypes, rootCauses, severities } from '@redress/shared';
import { useCategories } from '../../portal/useCategories';
import '../i18n';
import './i18n';
import { conditionFieldNames, conditionFields, type ConditionField, type ConditionRow } from './ruleForm';

const f = 'compensation.rules.form';

/** The value control of a condition row: a multi-select, a severity, a number or yes/no, by field and operator. */
function ConditionValue({ row, ...control }: { row: ConditionRow; value?: ConditionRow['value']; onChange?: (v: ConditionRow['value']) => void }) {
  const { t } = useTranslation();
  const { categories, label } = useCategories();
  if (!row.field) return <Input disabled />;
  // value and onChange come from the Form.Item around this component.
  const kind = conditionFields[row.field].kind;
  const listOptions: Record<string, { value: string; label: string }[]> = {
    categories: categories.map((c) => ({ value: c.key, label: label(c.key) })),
    kinds: dissatisfactionKinds.map((k) => ({ value: k, label: t(`console.kind.${k}`) })),
    rootCauses: rootCauses.map((k) => ({ value: k, label: t(`console.rootCause.${k}`) })),
    tiers: customerTiers.map((k) => ({ value: k, label: t(`console.tiers.${k}.label`) })),
    lifecycleStages: lifecycleStages.map((k) => ({ value: k, label: t(`console.stages.${k}`) })),
    severities: severities.map((k) => ({ value: k, label: t(`console.severity.${k}`) })),
  };
  if (kind === 'number')
    return (
      <InputNumber
        value={typeof control.value === 'number' ? control.value : null}
        onChange={(v) => control.onChange?.(v)}
        style={{ width: '100%' }}
        data-testid="rule-cond-value"
      />
    );
  if (kind === 'flag') {
    return (
      <Select
        {...control}
        options={[
          { value: true, label: t(`${f}.yes`) },
          { value: false, label: t(`${f}.no`) },
        ]}
        data-testid="rule-cond-value"
      />
    );
  }
  if (kind === 'severity' && row.op === 'atLeast')
    return <Select {...control} showSearch optionFilterProp="label" options={listOptions.severities} data-testid="rule-cond-value" />;
  return <Select {...control} mode="multiple" allowClear optionFilterProp="label" options={listOptions[row.field]} data-testid="rule-cond-value" />;
}

/** The rule form's fields: identity and flags, condition rows, and each remedy's amount formula and limits. */
export function RuleFormFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const half = { xs: 24, md: 12 };
  const quarter = { xs: 12, md: 6 };

  return (
    <>
      <Row gutter={12}>
        <Col {...half}>
          <Form.Item name="key" label={t(`${f}.key`)} required extra={t(`${f}.keyHint`)}>
            <Input autoComplete="off" data-testid="rule-field-key" />
          </Form.Item>
        </Col>
        <Col {...half}>
          <Form.Item name="name" label={t(`${f}.name`)} required>
            <Input autoComplete="off" data-testid="rule-field-name" />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t(`${f}.description`)}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="rule-field-description" />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={8}>
          <Form.Item name="priority" label={t(`${f}.priority`)} required extra={t(`${f}.priorityHint`)}>
            <InputNumber precision={0} style={{ width: '100%' }} data-testid="rule-field-priority" />
          </Form.Item>
        </Col>
        <Col xs={8}>
          <Form.Item name="active" label={t(`${f}.active`)} valuePropName="checked">
            <Switch data-testid="rule-field-active" />
          </Form.Item>
        </Col>
        <Col xs={8}>
          <Form.Item name="stopProcessing" label={t(`${f}.stopProcessing`)} valuePropName="checked" extra={t(`${f}.stopProcessingHint`)}>
            <Switch data-testid="rule-field-stop" />
          </Form.Item>
        </Col>
      </Row>

      <Divider orientation="start" orientationMargin={0} plain style={{ marginTop: 0 }}>
        {t(`${f}.conditions`)}
      </Divider>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t(`${f}.conditionsHint`)}
      </Typography.Paragraph>
      <Form.List name="conditions">
        {(rows, { add, remove }) => (
          <>
            {rows.map((row) => (
              <Row key={row.key} gutter={8} data-testid={`rule-cond-${row.name}`}>
                <Col span={8}>
                  <Form.Item name={[row.name, 'field']}>
                    <Select
                      showSearch
                      optionFilterProp="label"
                      placeholder={t(`${f}.field`)}
                      options={conditionFieldNames.map((k) => ({ value: k, label: t(`${f}.fields.${k}`) }))}
                      onChange={(field: ConditionField) =>
                        form.setFieldValue(['conditions', row.name], {
                          field,
                          op: conditionFields[field].ops[0],
                          value: conditionFields[field].kind === 'flag' ? true : undefined,
                        })
                      }
                      data-testid="rule-cond-field"
                    />
                  </Form.Item>
                </Col>
                <Col span={5}>
                  <Form.Item noStyle shouldUpdate>
                    {() => {
                      const current = (form.getFieldValue(['conditions', row.name]) ?? {}) as ConditionRow;
                      const ops = current.field ? conditionFields[current.field].ops : [];
                      return (
                        <Form.Item name={[row.name, 'op']}>
                          <Select
                            options={ops.map((o) => ({ value: o, label: t(`${f}.ops.${o}`) }))}
                            onChange={() => form.setFieldValue(['conditions', row.name, 'value'], undefined)}
                            data-testid="rule-cond-op"
                          />
                        </Form.Item>
                      );
                    }}
                  </Form.Item>
                </Col>
                <Col span={9}>
                  <Form.Item noStyle shouldUpdate>
                    {() => (
                      <Form.Item name={[row.name, 'value']}>
                        <ConditionValue row={(form.getFieldValue(['conditions', row.name]) ?? {}) as ConditionRow} />
                      </Form.Item>
                    )}
                  </Form.Item>
                </Col>
                <Col span={2}>
                  <Button icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t(`${f}.remove`)} data-testid="rule-cond-remove" />
                </Col>
              </Row>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({})} data-testid="rule-cond-add">
              {t(`${f}.addCondition`)}
            </Button>
          </>
        )}
      </Form.List>

      <Divider orientation="start" orientationMargin={0} plain>
        {t(`${f}.remedies`)}
      </Divider>
      <Form.List name="remedies">
        {(rows, { add, remove }) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            {rows.map((row) => (
              <Card
                key={row.key}
                size="small"
                data-testid={`rule-remedy-${row.name}`}
                title={t(`${f}.remedyN`, { n: row.name + 1 })}
                extra={
                  <Button
                    size="small"
                    icon={<DeleteOutlined />}
                    onClick={() => remove(row.name)}
                    aria-label={t(`${f}.remove`)}
                    data-testid="rule-remedy-remove"
                  />
                }
              >
                <Row gutter={8}>
                  <Col {...half}>
                    <Form.Item name={[row.name, 'type']} label={t(`${f}.type`)}>
                      <Select
                        showSearch
                        optionFilterProp="label"
                        options={remedyTypes.map((x) => ({ value: x, label: t(`compensation.types.${x}`) }))}
                        onChange={(type: string) => type === 'apology' && form.setFieldValue(['remedies', row.name, 'amount', 'base', 'kind'], 'none')}
                        data-testid="rule-remedy-type"
                      />
                    </Form.Item>
                  </Col>
                  <Col {...half}>
                    <Form.Item name={[row.name, 'amount', 'base', 'kind']} label={t(`${f}.base`)}>
                      <Select
                        showSearch
                        optionFilterProp="label"
                        options={(['none', 'fixed', 'percentOfOrder', 'orderAmount'] as const).map((k) => ({ value: k, label: t(`${f}.bases.${k}`) }))}
                        data-testid="rule-remedy-base"
                      />
                    </Form.Item>
                  </Col>
                </Row>
                <Form.Item noStyle shouldUpdate>
                  {() => {
                    const type = form.getFieldValue(['remedies', row.name, 'type']) as string | undefined;
                    const kind = form.getFieldValue(['remedies', row.name, 'amount', 'base', 'kind']) as string | undefined;
                    if (type === 'apology' && kind === 'none') return null;
                    return (
                      <>
                        <Row gutter={8}>
                          {kind === 'fixed' && (
                            <Col {...quarter}>
                              <Form.Item name={[row.name, 'amount', 'base', 'value']} label={t(`${f}.value`)}>
                                <InputNumber min={0} style={{ width: '100%' }} data-testid="rule-remedy-value" />
                              </Form.Item>
                            </Col>
                          )}
                          {kind === 'percentOfOrder' && (
                            <Col {...quarter}>
                              <Form.Item name={[row.name, 'amount', 'base', 'percent']} label={t(`${f}.percent`)}>
                                <InputNumber min={0} style={{ width: '100%' }} data-testid="rule-remedy-percent" />
                              </Form.Item>
                            </Col>
                          )}
                          <Col {...quarter}>
                            <Form.Item name={[row.name, 'amount', 'breachBonusPercent']} label={t(`${f}.breachBonus`)}>
                              <InputNumber style={{ width: '100%' }} data-testid="rule-remedy-breach-bonus" />
                            </Form.Item>
                          </Col>
                          <Col {...quarter}>
                            <Form.Item name={[row.name, 'amount', 'breachBonusPerHourPercent']} label={t(`${f}.breachBonusPerHour`)}>
                              <InputNumber style={{ width: '100%' }} data-testid="rule-remedy-breach-hourly" />
                            </Form.Item>
                          </Col>
                        </Row>
                        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                          {t(`${f}.tierMultipliers`)}
                        </Typography.Text>
                        <Row gutter={8}>
                          {customerTiers.map((tier) => (
                            <Col key={tier} xs={6}>
                              <Form.Item name={[row.name, 'amount', 'tierMultipliers', tier]} label={t(`console.tiers.${tier}.label`)}>
                                <InputNumber min={0} step={0.1} placeholder="1" style={{ width: '100%' }} data-testid={`rule-remedy-tier-${tier}`} />
                              </Form.Item>
                            </Col>
                          ))}
                        </Row>
                        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                          {t(`${f}.limits`)}
                        </Typography.Text>
                        <Row gutter={8}>
                          <Col {...quarter}>
                            <Form.Item name={[row.name, 'amount', 'min']} label={t(`${f}.min`)}>
                              <InputNumber style={{ width: '100%' }} data-testid="rule-remedy-min" />
                            </Form.Item>
                          </Col>
                          <Col {...quarter}>
                            <Form.Item name={[row.name, 'amount', 'max']} label={t(`${f}.max`)}>
                              <InputNumber style={{ width: '100%' }} data-testid="rule-remedy-max" />
                            </Form.Item>
                          </Col>
                          <Col {...quarter}>
                            <Form.Item name={[row.name, 'amount', 'capAtOrderAmount']} label={t(`${f}.cap`)} valuePropName="checked">
                              <Switch data-testid="rule-remedy-cap" />
                            </Form.Item>
                          </Col>
                          {type === 'voucher' && (
                            <Col {...quarter}>
                              <Form.Item name={[row.name, 'voucherValidDays']} label={t(`${f}.validDays`)}>
                                <InputNumber precision={0} style={{ width: '100%' }} data-testid="rule-remedy-valid-days" />
                              </Form.Item>
                            </Col>
                          )}
                        </Row>
                      </>
                    );
                  }}
                </Form.Item>
                <Form.Item name={[row.name, 'note']} label={t(`${f}.note`)} style={{ marginBottom: 0 }}>
                  <Input maxLength={500} data-testid="rule-remedy-note" />
                </Form.Item>
              </Card>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ type: 'voucher', amount: { base: { kind: 'fixed' } } })} data-testid="rule-remedy-add">
              {t(`${f}.addRemedy`)}
            </Button>
          </Space>
        )}
      </Form.List>
    </>
  );
}
